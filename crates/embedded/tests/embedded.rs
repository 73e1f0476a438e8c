//! Behaviour of the embedded transport that the recorded server answers do not cover: files,
//! locking, reopening, errors, paging and the pitfalls of the engine it works around.

use std::collections::{BTreeMap, HashMap};

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::{ErrorKind, Resource, Transport};
use serde_json::json;

fn payload(value: serde_json::Value) -> Payload {
    payload_from_json(value).expect("a JSON object")
}

/// 20 points in 4-d, id `i` at a distinct direction, with `n = i` in the payload.
async fn seeded(transport: &EmbeddedTransport, name: &str) {
    transport
        .create_collection(
            CreateCollection::new(name).vectors_config(VectorParams::new(4, Distance::Cosine)),
        )
        .await
        .expect("create");
    let points: Vec<_> = (1..=20_u64)
        .map(|i| {
            let x = i as f32;
            PointStruct::new(
                i,
                vec![1.0, x / 20.0, 0.5, 0.1],
                payload(json!({"n": i, "even": i % 2 == 0})),
            )
        })
        .collect();
    transport
        .upsert_points(UpsertPoints::new(name, points))
        .await
        .expect("upsert");
}

fn ids(points: &[ScoredPoint]) -> Vec<PointId> {
    points.iter().map(|p| p.id).collect()
}

#[tokio::test]
async fn memory_directory_is_removed_on_drop() {
    let transport = EmbeddedTransport::memory().expect("memory");
    let path = transport.path().to_owned();
    seeded(&transport, "c").await;
    assert!(path.exists());
    drop(transport);
    assert!(!path.exists(), "{} should be gone", path.display());
}

#[tokio::test]
async fn reopening_keeps_collections_points_indexes_and_named_vectors() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        seeded(&transport, "plain").await;
        transport
            .create_field_index(CreateFieldIndex::new(
                "plain",
                "n",
                PayloadSchemaType::Integer,
            ))
            .await
            .expect("index");
        let named: VectorsConfig = [
            ("image", VectorParams::new(3, Distance::Dot)),
            (
                "colbert",
                VectorParams::new(2, Distance::Dot).multivector_config(MultiVectorConfig {
                    comparator: MultiVectorComparator::MaxSim,
                }),
            ),
        ]
        .into_iter()
        .collect();
        transport
            .create_collection(
                CreateCollection::new("named")
                    .vectors_config(named)
                    .sparse_vectors_config([("words", SparseVectorParams::default())])
                    .shard_number(3),
            )
            .await
            .expect("create named");
        // A named multivector with exactly two rows: the engine's own JSON parsing would read
        // it as a sparse vector.
        let vectors: VectorStruct = [
            ("image", Vector::Dense(vec![0.1, 0.2, 0.3])),
            (
                "colbert",
                Vector::MultiDense(vec![vec![1.0, 0.0], vec![0.0, 1.0]]),
            ),
            (
                "words",
                Vector::Sparse(SparseVector::new(vec![7, 3], vec![0.5, 0.25])),
            ),
        ]
        .into_iter()
        .collect();
        transport
            .upsert_points(UpsertPoints::new(
                "named",
                vec![PointStruct::new(1, vectors, Payload::new())],
            ))
            .await
            .expect("upsert named");
    }

    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    let names: Vec<_> = transport
        .get_collections(())
        .await
        .expect("list")
        .collections
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["named", "plain"]);

    let info = transport
        .get_collection(GetCollection::new("plain"))
        .await
        .expect("info");
    assert_eq!(info.points_count, Some(20));
    let index = &info.payload_schema["n"];
    assert_eq!(index.data_type, PayloadSchemaType::Integer);
    assert_eq!(index.points, 20);

    let info = transport
        .get_collection(GetCollection::new("named"))
        .await
        .expect("named info");
    assert_eq!(
        info.config.params.shard_number, 3,
        "stored and reported back"
    );
    assert!(info.config.params.sparse_vectors.is_some());

    let record = transport
        .get_points(GetPoints::new("named", [1_u64]).with_vector(true))
        .await
        .expect("get")
        .pop()
        .expect("point 1");
    let Some(VectorStructOutput::Named(vectors)) = record.vector else {
        panic!("named vectors expected, got {:?}", record.vector);
    };
    assert_eq!(
        vectors["colbert"],
        VectorOutput::MultiDense(vec![vec![1.0, 0.0], vec![0.0, 1.0]])
    );
    let VectorOutput::Sparse(words) = &vectors["words"] else {
        panic!("sparse expected");
    };
    let mut pairs: Vec<_> = words.indices.iter().zip(&words.values).collect();
    pairs.sort_by_key(|(i, _)| **i);
    assert_eq!(pairs, [(&3, &0.25), (&7, &0.5)]);

    let found = transport
        .query_points(
            QueryPoints::new("named")
                .query(vec![vec![1.0, 0.0], vec![0.0, 1.0]])
                .using("colbert"),
        )
        .await
        .expect("multivector query");
    assert_eq!(ids(&found.points), [PointId::Num(1)]);
}

#[tokio::test]
async fn second_open_of_the_same_path_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = EmbeddedTransport::open(dir.path()).expect("open");
    seeded(&first, "c").await;
    let error = EmbeddedTransport::open(dir.path()).expect_err("second open");
    assert_eq!(error.kind(), ErrorKind::Usage);
    assert!(
        error.message().contains("already open in another process"),
        "{error}"
    );
    drop(first);
    EmbeddedTransport::open(dir.path()).expect("open after the first is dropped");
}

#[tokio::test]
async fn bad_collection_names_are_invalid_arguments() {
    let transport = EmbeddedTransport::memory().expect("memory");
    for name in ["", "..", "a/b", "../escape", "nul\0byte", &"x".repeat(256)] {
        let error = transport
            .create_collection(
                CreateCollection::new(name).vectors_config(VectorParams::new(4, Distance::Dot)),
            )
            .await
            .expect_err(name);
        assert_eq!(
            error.kind(),
            ErrorKind::InvalidArgument,
            "{name:?}: {error}"
        );
    }
    assert!(
        transport
            .get_collections(())
            .await
            .expect("list")
            .collections
            .is_empty()
    );
}

#[tokio::test]
async fn server_messages_for_missing_collection_and_wrong_dimension() {
    let transport = EmbeddedTransport::memory().expect("memory");
    let error = transport
        .count_points(CountPoints::new("nope"))
        .await
        .expect_err("missing");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.message(),
        "Not found: Collection `nope` doesn't exist!"
    );

    seeded(&transport, "c").await;
    let error = transport
        .upsert_points(UpsertPoints::new(
            "c",
            vec![
                PointStruct::new(100, vec![0.1, 0.2, 0.3, 0.4], Payload::new()),
                PointStruct::new(101, vec![0.1, 0.2, 0.3], Payload::new()),
            ],
        ))
        .await
        .expect_err("wrong dimension");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        error.message(),
        "Wrong input: Vector dimension error: expected dim: 4, got 3"
    );
    let count = transport
        .count_points(CountPoints::new("c"))
        .await
        .expect("count");
    assert_eq!(count.count, 20, "nothing of the refused batch was written");

    let error = transport
        .create_collection(CreateCollection::new("c"))
        .await
        .expect_err("exists");
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
    assert_eq!(
        error.message(),
        "Wrong input: Collection `c` already exists!"
    );
}

#[tokio::test]
async fn delete_collection_removes_files_and_reports_absence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let transport = EmbeddedTransport::open(dir.path()).expect("open");
    seeded(&transport, "c").await;
    let collections = dir.path().join("collections");
    assert_eq!(std::fs::read_dir(&collections).expect("dir").count(), 1);
    assert!(
        transport
            .delete_collection(DeleteCollection::new("c"))
            .await
            .expect("delete")
    );
    assert_eq!(std::fs::read_dir(&collections).expect("dir").count(), 0);
    assert!(
        !transport
            .delete_collection(DeleteCollection::new("c"))
            .await
            .expect("delete again")
    );
    assert!(
        !transport
            .collection_exists(CollectionExists::new("c"))
            .await
            .expect("exists")
            .exists
    );
    // The name can be used again.
    seeded(&transport, "c").await;
}

#[tokio::test]
async fn query_offset_skips_the_best_results() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let query = QueryPoints::new("c").query(vec![1.0, 1.0, 0.5, 0.1]);
    let all = transport
        .query_points(query.clone().limit(6))
        .await
        .expect("top 6");
    let page = transport
        .query_points(query.limit(2).offset(3))
        .await
        .expect("page");
    assert_eq!(ids(&page.points), ids(&all.points[3..5]));
    assert!(
        page.points[0].payload.is_none(),
        "with_payload defaults to false"
    );
}

#[tokio::test]
async fn query_by_id_excludes_the_point_and_reports_missing_ids() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let found = transport
        .query_points(QueryPoints::new("c").query(7_u64).limit(3))
        .await
        .expect("by id");
    assert_eq!(found.points.len(), 3);
    assert!(!ids(&found.points).contains(&PointId::Num(7)));
    assert_eq!(found.points[0].id, PointId::Num(8), "the nearest direction");

    let error = transport
        .query_points(QueryPoints::new("c").query(12345_u64))
        .await
        .expect_err("missing id");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.message(), "Not found: No point with id 12345 found");
}

#[tokio::test]
async fn scroll_pages_like_the_server() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let first = transport
        .scroll_points(ScrollPoints::new("c").limit(8))
        .await
        .expect("page 1");
    assert_eq!(first.points.len(), 8);
    assert_eq!(first.next_page_offset, Some(PointId::Num(9)));
    assert!(
        first.points[0].payload.is_some(),
        "scroll returns payloads by default"
    );
    let last = transport
        .scroll_points(ScrollPoints::new("c").limit(8).offset(17_u64))
        .await
        .expect("last page");
    assert_eq!(last.points.len(), 4);
    assert_eq!(last.next_page_offset, None);

    transport
        .create_field_index(CreateFieldIndex::new("c", "n", PayloadSchemaType::Integer))
        .await
        .expect("index");
    let ordered = transport
        .scroll_points(
            ScrollPoints::new("c").limit(3).order_by(
                OrderBy::new("n")
                    .direction(Direction::Desc)
                    .start_from(10_i64),
            ),
        )
        .await
        .expect("order_by");
    let order: Vec<_> = ordered.points.iter().map(|r| r.id).collect();
    assert_eq!(order, [PointId::Num(10), PointId::Num(9), PointId::Num(8)]);
    assert_eq!(ordered.points[0].order_value, Some(OrderValue::Int(10)));
    assert_eq!(
        ordered.next_page_offset, None,
        "order_by pages by start_from"
    );

    let error = transport
        .scroll_points(ScrollPoints::new("c").limit(0))
        .await
        .expect_err("limit 0");
    assert_eq!(error.message(), "Bad request: Limit cannot be 0");
}

#[tokio::test]
async fn conditional_upsert_and_deletes() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    // Only even points may be replaced; 21 is new and is inserted.
    let update = transport
        .upsert_points(
            UpsertPoints::new(
                "c",
                vec![
                    PointStruct::new(1, vec![0.0, 0.0, 0.0, 1.0], payload(json!({"n": -1}))),
                    PointStruct::new(2, vec![0.0, 0.0, 0.0, 1.0], payload(json!({"n": -2}))),
                    PointStruct::new(21, vec![0.0, 0.0, 0.0, 1.0], payload(json!({"n": -21}))),
                ],
            )
            .update_filter(Filter::must([Condition::matches("even", true)])),
        )
        .await
        .expect("conditional upsert");
    assert_eq!(update.status, UpdateStatus::Completed);
    let records = transport
        .get_points(GetPoints::new("c", [1_u64, 2, 21]))
        .await
        .expect("get");
    let n: BTreeMap<_, _> = records
        .iter()
        .map(|r| (r.id, r.payload.as_ref().map(|p| p["n"].clone())))
        .collect();
    assert_eq!(n[&PointId::Num(1)], Some(json!(1)), "odd point kept");
    assert_eq!(n[&PointId::Num(2)], Some(json!(-2)), "even point replaced");
    assert_eq!(n[&PointId::Num(21)], Some(json!(-21)), "new point inserted");

    transport
        .delete_points(DeletePoints::points("c", [21_u64, 20]))
        .await
        .expect("delete ids");
    transport
        .delete_points(DeletePoints::filter(
            "c",
            Filter::must([Condition::matches("even", true)]),
        ))
        .await
        .expect("delete filter");
    // Left: 1..=19, minus the evens that still carry `even` (4, 6, ..., 18; point 2 lost it).
    let count = transport
        .count_points(CountPoints::new("c"))
        .await
        .expect("count");
    assert_eq!(count.count, 11);
}

#[tokio::test]
async fn batch_upsert_and_operation_ids() {
    let transport = EmbeddedTransport::memory().expect("memory");
    transport
        .create_collection(
            CreateCollection::new("c").vectors_config(VectorParams::new(2, Distance::Euclid)),
        )
        .await
        .expect("create");
    let mut ids = Vec::new();
    for round in 0..3_u64 {
        let batch = Batch {
            ids: vec![(round * 2).into(), (round * 2 + 1).into()],
            vectors: BatchVectorStruct::Single(vec![vec![0.0, 1.0], vec![1.0, 0.0]]),
            payloads: Some(vec![Some(payload(json!({"round": round}))), None]),
        };
        let update = transport
            .upsert_points(UpsertPoints::batch("c", batch))
            .await
            .expect("batch");
        ids.push(update.operation_id.expect("operation id"));
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let count = transport
        .count_points(CountPoints::new("c"))
        .await
        .expect("count");
    assert_eq!(count.count, 6);
}

#[tokio::test]
async fn inference_and_shard_keys_are_unsupported() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let document = QueryPoints::new("c").query(Document::new("hello", "qdrant/bm25"));
    let error = transport
        .query_points(document)
        .await
        .expect_err("inference");
    assert_eq!(error.kind(), ErrorKind::Unsupported);

    let upsert = UpsertPoints::new("c", vec![PointStruct::new(1, vec![0.0; 4], Payload::new())])
        .shard_key("eu");
    let error = transport
        .upsert_points(upsert)
        .await
        .expect_err("shard key");
    assert_eq!(error.kind(), ErrorKind::Unsupported);
}

#[tokio::test]
async fn search_params_and_threshold_are_honoured() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let exact = transport
        .query_points(
            QueryPoints::new("c")
                .query(vec![1.0, 0.0, 0.5, 0.1])
                .params(SearchParams {
                    hnsw_ef: Some(16),
                    exact: Some(true),
                    ..SearchParams::default()
                })
                .score_threshold(0.99)
                .with_payload(true),
        )
        .await
        .expect("exact");
    assert!(!exact.points.is_empty());
    assert!(exact.points.iter().all(|p| p.score >= 0.99));
    assert!(exact.points[0].payload.is_some());

    let hybrid = transport
        .query_points(
            QueryPoints::new("c")
                .prefetch([
                    Prefetch::new(vec![1.0, 0.0, 0.5, 0.1]).limit(5),
                    Prefetch::new(vec![1.0, 1.0, 0.5, 0.1]).limit(5),
                ])
                .query(FusionQuery {
                    fusion: Fusion::Rrf,
                })
                .limit(3),
        )
        .await
        .expect("fusion");
    assert_eq!(hybrid.points.len(), 3);
    let unique: HashMap<_, _> = hybrid.points.iter().map(|p| (p.id, p.score)).collect();
    assert_eq!(unique.len(), 3);
}

#[tokio::test]
async fn vector_index_is_built_past_the_indexing_threshold_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        // 10 KiB of 4-d float vectors is 640 points.
        transport
            .create_collection(
                CreateCollection::new("c")
                    .vectors_config(VectorParams::new(4, Distance::Euclid))
                    .optimizers_config(OptimizersConfigDiff {
                        indexing_threshold: Some(10),
                        ..OptimizersConfigDiff::default()
                    }),
            )
            .await
            .expect("create");
        transport
            .create_field_index(CreateFieldIndex::new("c", "n", PayloadSchemaType::Integer))
            .await
            .expect("index");
        for start in (0..1_000_u64).step_by(250) {
            let points: Vec<_> = (start..start + 250)
                .map(|i| {
                    let x = i as f32;
                    PointStruct::new(i, vec![x, -x, x / 2.0, 1.0], payload(json!({"n": i})))
                })
                .collect();
            transport
                .upsert_points(UpsertPoints::new("c", points))
                .await
                .expect("upsert");
        }
        let info = transport
            .get_collection(GetCollection::new("c"))
            .await
            .expect("info");
        assert_eq!(info.status, CollectionStatus::Green);
        assert!(
            info.indexed_vectors_count.unwrap_or(0) >= 640,
            "indexed: {:?}",
            info.indexed_vectors_count
        );
        assert_eq!(info.config.optimizer_config.indexing_threshold, Some(10));
    }
    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    let info = transport
        .get_collection(GetCollection::new("c"))
        .await
        .expect("info");
    assert!(info.indexed_vectors_count.unwrap_or(0) >= 640);
    assert_eq!(info.payload_schema["n"].points, 1000);
    // The payload index still serves order_by across the optimized and the new segment.
    let top = transport
        .query_points(QueryPoints::new("c").query(OrderByQuery {
            order_by: OrderBy::new("n").direction(Direction::Desc).into(),
        }))
        .await
        .expect("order_by");
    assert_eq!(top.points[0].id, PointId::Num(999));
    let near = transport
        .query_points(
            QueryPoints::new("c")
                .query(vec![500.0, -500.0, 250.0, 1.0])
                .limit(1),
        )
        .await
        .expect("nearest");
    assert_eq!(near.points[0].id, PointId::Num(500));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writes_and_reads_on_one_collection() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;
    let mut tasks = Vec::new();
    for worker in 0..8_u64 {
        let transport = transport.clone();
        tasks.push(tokio::spawn(async move {
            for round in 0..10_u64 {
                let id = 1_000 + worker * 100 + round;
                transport
                    .upsert_points(UpsertPoints::new(
                        "c",
                        vec![PointStruct::new(
                            id,
                            vec![1.0, 0.5, 0.25, 0.0],
                            Payload::new(),
                        )],
                    ))
                    .await
                    .expect("upsert");
                transport
                    .query_points(QueryPoints::new("c").query(vec![1.0, 0.5, 0.25, 0.0]))
                    .await
                    .expect("query");
                transport
                    .count_points(CountPoints::new("c"))
                    .await
                    .expect("count");
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let count = transport
        .count_points(CountPoints::new("c"))
        .await
        .expect("count");
    assert_eq!(count.count, 20 + 80);
}

#[tokio::test]
async fn collection_without_dense_vectors() {
    let transport = EmbeddedTransport::memory().expect("memory");
    transport
        .create_collection(
            CreateCollection::new("sparse_only")
                .sparse_vectors_config([("words", SparseVectorParams::default())]),
        )
        .await
        .expect("create sparse-only");
    let vectors: VectorStruct = [(
        "words",
        Vector::Sparse(SparseVector::new(vec![1, 2], vec![0.5, 0.5])),
    )]
    .into_iter()
    .collect();
    transport
        .upsert_points(UpsertPoints::new(
            "sparse_only",
            vec![PointStruct::new(1, vectors, Payload::new())],
        ))
        .await
        .expect("upsert sparse");
    let found = transport
        .query_points(
            QueryPoints::new("sparse_only")
                .query(SparseVector::new(vec![2], vec![1.0]))
                .using("words"),
        )
        .await
        .expect("sparse query");
    assert_eq!(found.points.len(), 1);

    transport
        .create_collection(CreateCollection::new("no_vectors"))
        .await
        .expect("create without vectors");
    let info = transport
        .get_collection(GetCollection::new("no_vectors"))
        .await
        .expect("info");
    assert_eq!(info.config.params.vectors, VectorsConfig::default());
}

/// Each not-found error of the engine names what is missing, as the server's answer to the same
/// call does over REST and gRPC.
#[tokio::test]
async fn not_found_errors_name_the_missing_resource() {
    let transport = EmbeddedTransport::memory().expect("memory");
    seeded(&transport, "c").await;

    let missing_collection = transport
        .count_points(CountPoints::new("nope"))
        .await
        .expect_err("missing collection");
    let missing_point = transport
        .get_point(GetPoint::new("c", 404))
        .await
        .expect_err("missing point");
    let missing_point_in_query = transport
        .query_points(QueryPoints::new("c").query(12345_u64))
        .await
        .expect_err("missing point in a query");
    let missing_alias = transport
        .update_aliases(ChangeAliasesOperation::new([AliasOperations::rename(
            "no_alias", "other",
        )]))
        .await
        .expect_err("rename of a missing alias");
    // The alias operation fails for its collection, which the message names.
    let alias_of_missing_collection = transport
        .update_aliases(ChangeAliasesOperation::new([AliasOperations::create(
            "nope", "nick",
        )]))
        .await
        .expect_err("alias of a missing collection");
    let missing_snapshot = transport
        .get_snapshot(GetSnapshot::new("c", "c-none.snapshot"))
        .await
        .expect_err("missing snapshot");
    let missing_shard = transport
        .create_shard_snapshot(CreateShardSnapshot::new("c", 1))
        .await
        .expect_err("shard 1");

    for (error, resource) in [
        (missing_collection, Resource::Collection),
        (missing_point, Resource::Point),
        (missing_point_in_query, Resource::Point),
        (missing_alias, Resource::Alias),
        (alias_of_missing_collection, Resource::Collection),
        (missing_snapshot, Resource::Snapshot),
        (missing_shard, Resource::Shard),
    ] {
        assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
        assert_eq!(error.resource(), Some(resource), "{error}");
        assert!(format!("{error:?}").contains(&format!("resource: {resource:?}")));
    }

    let wrong_dimension = transport
        .upsert_points(UpsertPoints::new(
            "c",
            vec![PointStruct::new(1, vec![1.0_f32], Payload::new())],
        ))
        .await
        .expect_err("wrong dimension");
    assert_eq!(wrong_dimension.kind(), ErrorKind::InvalidArgument);
    assert_eq!(wrong_dimension.resource(), None);
}

/// A point queried by id for a named vector it does not have: the vector is what is missing.
#[tokio::test]
async fn a_points_missing_named_vector_is_a_missing_vector() {
    let transport = EmbeddedTransport::memory().expect("memory");
    transport
        .create_collection(CreateCollection::new("named").vectors_config([
            ("image", VectorParams::new(3, Distance::Dot)),
            ("text", VectorParams::new(2, Distance::Dot)),
        ]))
        .await
        .expect("create");
    transport
        .upsert_points(UpsertPoints::new(
            "named",
            [PointStruct::new(
                1,
                [("image", vec![0.1, 0.2, 0.3])],
                Payload::new(),
            )],
        ))
        .await
        .expect("upsert");
    let error = transport
        .query_points(QueryPoints::new("named").query(1_u64).using("text"))
        .await
        .expect_err("no `text` vector");
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    assert_eq!(error.resource(), Some(Resource::Vector), "{error}");
}
