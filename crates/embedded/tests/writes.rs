//! Point writes, configuration changes, aliases and the service answers of the embedded
//! transport, beyond what the recorded scenarios (`recorded.rs`) cover: persistence across a
//! reopen, alias resolution everywhere, atomic alias changes, and refusals.

use quadrant_embedded::EmbeddedTransport;
use quadrant_models::*;
use quadrant_transport::{ErrorKind, Transport};
use serde_json::json;

fn payload(value: serde_json::Value) -> Payload {
    payload_from_json(value).expect("a JSON object")
}

async fn collection_with_points(transport: &EmbeddedTransport, name: &str) {
    transport
        .create_collection(
            CreateCollection::new(name).vectors_config(VectorParams::new(4, Distance::Dot)),
        )
        .await
        .expect("create");
    let points: Vec<_> = (1..=5_u64)
        .map(|id| {
            #[allow(clippy::cast_precision_loss, reason = "small ids")]
            let x = id as f32;
            PointStruct::new(
                id,
                vec![x, 0.0, 0.0, 1.0],
                payload(json!({"n": id, "group": if id % 2 == 0 { "even" } else { "odd" }})),
            )
        })
        .collect();
    transport
        .upsert_points(UpsertPoints::new(name, points))
        .await
        .expect("upsert");
}

async fn record(transport: &EmbeddedTransport, collection: &str, id: u64) -> Record {
    transport
        .get_point(GetPoint::new(collection, id))
        .await
        .expect("point exists")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aliases_resolve_everywhere_and_persist() {
    let dir = tempfile::tempdir().expect("temporary directory");
    {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        collection_with_points(&transport, "real").await;
        transport
            .update_aliases(ChangeAliasesOperation::new([AliasOperations::create(
                "real", "nick",
            )]))
            .await
            .expect("create alias");

        // Writes and reads through the alias reach the collection.
        transport
            .set_payload(SetPayloadPoints::points(
                "nick",
                payload(json!({"via": "alias"})),
                [1_u64],
            ))
            .await
            .expect("set payload via alias");
        let point = record(&transport, "real", 1).await;
        assert_eq!(point.payload.expect("payload")["via"], json!("alias"));
        assert!(
            transport
                .collection_exists(CollectionExists::new("nick"))
                .await
                .expect("exists")
                .exists
        );
        let info = transport
            .get_collection(GetCollection::new("nick"))
            .await
            .expect("info via alias");
        assert_eq!(info.points_count, Some(5));

        // A collection may not take an alias's name, and deleting by alias deletes nothing.
        let error = transport
            .create_collection(
                CreateCollection::new("nick").vectors_config(VectorParams::new(4, Distance::Dot)),
            )
            .await
            .expect_err("name taken by an alias");
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        assert!(
            !transport
                .delete_collection(DeleteCollection::new("nick"))
                .await
                .expect("delete by alias")
        );
    }
    // Reopened: the alias is still there.
    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    let aliases = transport
        .get_collection_aliases(ListCollectionAliases::new("real"))
        .await
        .expect("aliases");
    assert_eq!(
        aliases.aliases,
        [AliasDescription {
            alias_name: "nick".into(),
            collection_name: "real".into()
        }]
    );
    // Deleting the collection deletes its aliases.
    assert!(
        transport
            .delete_collection(DeleteCollection::new("real"))
            .await
            .expect("delete")
    );
    let all = transport
        .get_collections_aliases(())
        .await
        .expect("all aliases");
    assert!(all.aliases.is_empty(), "{all:?}");
    let error = transport
        .get_collection(GetCollection::new("nick"))
        .await
        .expect_err("alias is gone");
    assert!(error.is_not_found());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alias_change_applies_whole_or_not_at_all() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, "a").await;
    transport
        .update_aliases(ChangeAliasesOperation::new([AliasOperations::create(
            "a", "x",
        )]))
        .await
        .expect("create");
    let error = transport
        .update_aliases(ChangeAliasesOperation::new([
            AliasOperations::delete("x"),
            AliasOperations::create("a", "y"),
            AliasOperations::create("missing", "z"),
        ]))
        .await
        .expect_err("the last action fails");
    assert_eq!(
        error.message(),
        "Not found: Collection `missing` doesn't exist!"
    );
    let all = transport.get_collections_aliases(()).await.expect("list");
    assert_eq!(all.aliases.len(), 1);
    assert_eq!(all.aliases[0].alias_name, "x");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_applies_in_order_and_survives_a_reopen() {
    let dir = tempfile::tempdir().expect("temporary directory");
    {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        collection_with_points(&transport, "c").await;
        let results = transport
            .batch_update(UpdateBatchPoints::new(
                "c",
                [
                    UpdateOperation::from(UpsertPoints::new(
                        "c",
                        vec![PointStruct::new(
                            10,
                            vec![1.0, 1.0, 1.0, 1.0],
                            payload(json!({"k": 1})),
                        )],
                    )),
                    // Sees the point the first operation wrote.
                    SetPayloadPoints::points("c", payload(json!({"k": 2, "m": 0})), [10_u64])
                        .into(),
                    DeletePayloadPoints::points("c", ["m"], [10_u64]).into(),
                    UpdateOperation::OverwritePayload(SetPayloadPoints::filter(
                        "c",
                        payload(json!({"only": true})),
                        Filter::must([Condition::matches("group", "even")]),
                    )),
                    ClearPayloadPoints::points("c", [1_u64]).into(),
                    DeletePoints::points("c", [3_u64]).into(),
                ],
            ))
            .await
            .expect("batch");
        assert_eq!(results.len(), 6);
    }
    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    assert_eq!(
        record(&transport, "c", 10).await.payload,
        Some(payload(json!({"k": 2})))
    );
    assert_eq!(
        record(&transport, "c", 2).await.payload,
        Some(payload(json!({"only": true})))
    );
    assert_eq!(
        record(&transport, "c", 1).await.payload,
        Some(Payload::new())
    );
    let error = transport
        .get_point(GetPoint::new("c", 3))
        .await
        .expect_err("deleted in the batch");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.message(),
        "Not found: Point with id 3 does not exists!"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_batch_operation_stops_the_batch() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, "c").await;
    let error = transport
        .batch_update(UpdateBatchPoints::new(
            "c",
            [
                SetPayloadPoints::points("c", payload(json!({"first": true})), [1_u64]).into(),
                // Point 99 does not exist.
                SetPayloadPoints::points("c", payload(json!({"second": true})), [99_u64]).into(),
                SetPayloadPoints::points("c", payload(json!({"third": true})), [2_u64]).into(),
            ],
        ))
        .await
        .expect_err("missing point");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let first = record(&transport, "c", 1).await.payload.expect("payload");
    assert_eq!(first["first"], json!(true), "applied before the failure");
    let third = record(&transport, "c", 2).await.payload.expect("payload");
    assert!(
        !third.contains_key("third"),
        "not applied after the failure"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vectors_are_replaced_and_deleted() {
    let transport = EmbeddedTransport::memory().expect("memory");
    collection_with_points(&transport, "c").await;
    transport
        .update_vectors(UpdatePointVectors::new(
            "c",
            vec![PointVectors::new(2, vec![9.0_f32, 8.0, 7.0, 6.0])],
        ))
        .await
        .expect("update vectors");
    assert_eq!(
        record(&transport, "c", 2).await.vector,
        Some(VectorStructOutput::Single(vec![9.0, 8.0, 7.0, 6.0]))
    );
    let error = transport
        .update_vectors(UpdatePointVectors::new(
            "c",
            vec![PointVectors::new(2, vec![1.0_f32])],
        ))
        .await
        .expect_err("wrong dimension");
    assert_eq!(
        error.message(),
        "Wrong input: Vector dimension error: expected dim: 4, got 1"
    );
    let error = transport
        .update_vectors(UpdatePointVectors::new(
            "c",
            vec![PointVectors::new(77, vec![1.0_f32, 0.0, 0.0, 0.0])],
        ))
        .await
        .expect_err("missing point");
    assert_eq!(error.kind(), ErrorKind::NotFound);
    transport
        .delete_vectors(DeletePointVectors::filter(
            "c",
            [""],
            Filter::must([Condition::matches("group", "odd")]),
        ))
        .await
        .expect("delete vectors by filter");
    let point = record(&transport, "c", 1).await;
    assert!(
        !matches!(point.vector, Some(VectorStructOutput::Single(_))),
        "{point:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_changes_apply_and_persist() {
    let dir = tempfile::tempdir().expect("temporary directory");
    {
        let transport = EmbeddedTransport::open(dir.path()).expect("open");
        collection_with_points(&transport, "c").await;
        let request: UpdateCollection = serde_json::from_value(json!({
            "hnsw_config": {"ef_construct": 123},
            "optimizers_config": {"indexing_threshold": 2000},
            "vectors": {"": {"quantization_config": {"scalar": {"type": "int8"}}}},
            "metadata": {"team": "search"}
        }))
        .expect("update body");
        let mut request = request;
        request.collection_name = "c".into();
        assert!(transport.update_collection(request).await.expect("update"));
        transport
            .create_vector_name(CreateVectorName::new(
                "c",
                "extra",
                DenseVectorConfig::new(3, Distance::Euclid),
            ))
            .await
            .expect("create vector name");
        transport
            .update_vectors(UpdatePointVectors::new(
                "c",
                vec![PointVectors::new(
                    1,
                    [("extra", vec![1.0_f32, 2.0, 3.0])]
                        .into_iter()
                        .collect::<VectorStruct>(),
                )],
            ))
            .await
            .expect("write the new vector");
        let error = transport
            .create_vector_name(CreateVectorName::new(
                "c",
                "extra",
                DenseVectorConfig::new(8, Distance::Dot),
            ))
            .await
            .expect_err("exists");
        assert_eq!(error.kind(), ErrorKind::InvalidArgument);
    }
    let transport = EmbeddedTransport::open(dir.path()).expect("reopen");
    let info = encode(
        &transport
            .get_collection(GetCollection::new("c"))
            .await
            .expect("info"),
    );
    let config = &info["config"];
    assert_eq!(config["hnsw_config"]["ef_construct"], json!(123));
    assert_eq!(
        config["optimizer_config"]["indexing_threshold"],
        json!(2000)
    );
    assert_eq!(config["metadata"], json!({"team": "search"}));
    assert_eq!(
        config["params"]["vectors"][""]["quantization_config"],
        json!({"scalar": {"type": "int8"}})
    );
    assert_eq!(
        config["params"]["vectors"]["extra"],
        json!({"size": 3, "distance": "Euclid"})
    );
    let point = encode(&record(&transport, "c", 1).await);
    assert_eq!(point["vector"]["extra"], json!([1.0, 2.0, 3.0]));

    transport
        .delete_vector_name(DeleteVectorName::new("c", "extra"))
        .await
        .expect("delete vector name");
    let error = transport
        .delete_vector_name(DeleteVectorName::new("c", "extra"))
        .await
        .expect_err("already deleted");
    assert_eq!(
        error.message(),
        "Wrong input: Not existing vector name error: extra"
    );
    let error = transport
        .update_collection(
            serde_json::from_value::<UpdateCollection>(
                json!({"vectors": {"nope": {"on_disk": true}}}),
            )
            .map(|mut r| {
                r.collection_name = "c".into();
                r
            })
            .expect("body"),
        )
        .await
        .expect_err("unknown vector");
    assert_eq!(error.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_answers_are_truthful() {
    let transport = EmbeddedTransport::memory().expect("memory");
    let version = transport.root(()).await.expect("root");
    assert_eq!(version.version, "0.7.2");
    assert!(version.title.contains("qdrant-edge"), "{version:?}");
    assert_eq!(
        transport.healthz(()).await.expect("healthz"),
        "healthz check passed"
    );
    assert_eq!(
        transport.livez(()).await.expect("livez"),
        "healthz check passed"
    );
    assert_eq!(
        transport.readyz(()).await.expect("readyz"),
        "all shards are ready"
    );
    assert_eq!(
        transport.cluster_status(()).await.expect("cluster"),
        ClusterStatus::Disabled
    );
    for unsupported in [
        transport.get_issues(()).await.map(|_| ()),
        transport.metrics(Metrics::new()).await.map(|_| ()),
        transport.telemetry(Telemetry::new()).await.map(|_| ()),
    ] {
        assert_eq!(
            unsupported.expect_err("nothing truthful to report").kind(),
            ErrorKind::Unsupported
        );
    }

    collection_with_points(&transport, "c").await;
    let info = transport
        .collection_cluster_info(CollectionClusterInfoRequest::new("c"))
        .await
        .expect("cluster info");
    assert_eq!(info.shard_count, 1);
    assert_eq!(info.local_shards.len(), 1);
    assert_eq!(info.local_shards[0].points_count, 5);
    assert_eq!(info.local_shards[0].state, ReplicaState::Active);
    let report = transport
        .get_optimizations(GetOptimizations::new("c").with([OptimizationsWith::Queued]))
        .await
        .expect("optimizations");
    assert!(report.running.is_empty());
    assert_eq!(report.queued, Some(Vec::new()));
    assert_eq!(report.summary.queued_optimizations, 0);
    assert!(report.summary.idle_segments >= 1);
}

fn encode<T: serde::Serialize>(value: &T) -> serde_json::Value {
    let text = serde_json::to_string(value).expect("encodes");
    serde_json::from_str(&text).expect("decodes")
}
