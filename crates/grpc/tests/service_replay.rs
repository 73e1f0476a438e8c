//! The Collections, Snapshots and Qdrant services end to end: the gRPC transport against a
//! replay server of the exchanges recorded from a real Qdrant 1.18.3.
//!
//! Each request is built from the REST body of the same step, as a user would build it. The
//! replay server answers only a request equal to the one the recording client sent, so a passing
//! call shows that the transport called the right RPC with the same message.

#[allow(
    dead_code,
    reason = "the replay server is shared with the behaviour suite, which uses other parts of it"
)]
#[path = "../../../tests/src/grpc_replay.rs"]
mod replay;

use quadrant_grpc::{GrpcConfig, GrpcTransport};
use quadrant_models::*;
use quadrant_transport::Transport;
use replay::{ReplayServer, fixtures_dir, load_grpc_calls};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The REST side of a recorded scenario.
struct Recording(Value);

impl Recording {
    fn load(scenario: &str) -> Self {
        let path = fixtures_dir().join(format!("{scenario}.json"));
        let text = std::fs::read_to_string(path).expect("a readable recording");
        Self(serde_json::from_str(&text).expect("a JSON recording"))
    }

    fn rest(&self, step: &str) -> &Value {
        let found = self.0["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|candidate| candidate["name"] == step)
            .unwrap_or_else(|| panic!("no step {step}"));
        &found["rest"]["exchanges"][0]
    }

    /// The REST body of `step` as the request model; the caller sets the path fields.
    fn body<T: DeserializeOwned>(&self, step: &str) -> T {
        serde_json::from_value(self.rest(step)["request"].clone()).expect("the REST body decodes")
    }

    /// What REST answered to `step`, as the answer model.
    fn result<T: DeserializeOwned>(&self, step: &str) -> T {
        serde_json::from_value(self.rest(step)["response"]["result"].clone())
            .expect("the REST result decodes")
    }
}

async fn replay(scenario: &str) -> (ReplayServer, GrpcTransport, Recording) {
    let server = ReplayServer::start(load_grpc_calls(scenario)).await;
    let transport = GrpcTransport::new(GrpcConfig::new(server.url())).expect("a valid config");
    (server, transport, Recording::load(scenario))
}

#[tokio::test]
async fn the_health_check_reports_the_version() {
    let (server, transport, _) = replay("service").await;
    for _ in 0..2 {
        let version = transport.root(()).await.unwrap();
        assert_eq!(version.title, "qdrant - vector search engine");
        assert_eq!(version.version, "1.18.3");
    }
    assert!(server.unused(&["/qdrant.Qdrant/HealthCheck"]).is_empty());
}

#[tokio::test]
async fn collection_updates_aliases_and_cluster_info() {
    let (server, transport, recording) = replay("collections_lifecycle").await;
    for (step, collection) in [
        ("update_collection", "conf_collections"),
        ("update_named_quantization", "conf_collections_named"),
    ] {
        let mut request: UpdateCollection = recording.body(step);
        request.collection_name = collection.into();
        assert!(
            transport.update_collection(request).await.unwrap(),
            "{step}"
        );
    }

    for step in ["create_aliases", "rename_and_delete_alias"] {
        let request: ChangeAliasesOperation = recording.body(step);
        assert!(transport.update_aliases(request).await.unwrap(), "{step}");
    }
    // The two listings were recorded between the two changes; the server matches by message,
    // not by time, so they can be asked here.
    let all = transport.get_collections_aliases(()).await.unwrap();
    assert_eq!(
        all,
        recording.result::<CollectionsAliasesResponse>("list_aliases")
    );
    let all_after = transport.get_collections_aliases(()).await.unwrap();
    assert_eq!(
        all_after,
        recording.result::<CollectionsAliasesResponse>("list_aliases_after")
    );
    let one = transport
        .get_collection_aliases(ListCollectionAliases::new("conf_collections"))
        .await
        .unwrap();
    assert_eq!(
        one,
        recording.result::<CollectionsAliasesResponse>("collection_aliases")
    );

    let info = transport
        .collection_cluster_info(CollectionClusterInfoRequest::new("conf_collections"))
        .await
        .unwrap();
    let rest: CollectionClusterInfo = recording.result("collection_cluster_info");
    assert_eq!(info.shard_count, rest.shard_count);
    assert_eq!(info.local_shards, rest.local_shards);

    assert!(
        server
            .unused(&[
                "/qdrant.Collections/Update",
                "/qdrant.Collections/UpdateAliases",
                "/qdrant.Collections/ListAliases",
                "/qdrant.Collections/ListCollectionAliases",
                "/qdrant.Collections/CollectionClusterInfo",
            ])
            .is_empty()
    );
}

#[tokio::test]
async fn shard_keys_of_custom_sharding() {
    let (server, transport, recording) = replay("sharding").await;
    for step in ["create_shard_key_a", "create_shard_key_b"] {
        let mut request: CreateShardingKey = recording.body(step);
        request.collection_name = "conf_sharding".into();
        assert!(transport.create_shard_key(request).await.unwrap(), "{step}");
    }
    let listed = transport
        .list_shard_keys(ListShardKeys::new("conf_sharding"))
        .await
        .unwrap();
    let mut keys: Vec<ShardKey> = listed
        .shard_keys
        .unwrap_or_default()
        .into_iter()
        .map(|description| description.key)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [ShardKey::Keyword("tenant_a".into()), ShardKey::Number(7)]
    );

    let info = transport
        .collection_cluster_info(CollectionClusterInfoRequest::new("conf_sharding"))
        .await
        .unwrap();
    let rest: CollectionClusterInfo = recording.result("cluster_info");
    assert_eq!(info.local_shards, rest.local_shards);

    let mut delete: DropShardingKey = recording.body("delete_shard_key_b");
    delete.collection_name = "conf_sharding".into();
    assert!(transport.delete_shard_key(delete).await.unwrap());
    let after = transport
        .list_shard_keys(ListShardKeys::new("conf_sharding"))
        .await
        .unwrap();
    assert_eq!(
        after,
        recording.result::<ShardKeysResponse>("list_after_delete")
    );

    assert!(
        server
            .unused(&[
                "/qdrant.Collections/CreateShardKey",
                "/qdrant.Collections/DeleteShardKey",
                "/qdrant.Collections/ListShardKeys",
            ])
            .is_empty()
    );
}

#[tokio::test]
async fn collection_and_full_snapshots() {
    let (server, transport, recording) = replay("snapshots").await;
    let created = transport
        .create_snapshot(CreateSnapshot::new("conf_snapshots"))
        .await
        .unwrap();
    let rest: SnapshotDescription = recording.result("create_snapshot");
    // Names and dates are the server's; in this recording both APIs ran within one second.
    assert_eq!(created.name, rest.name);
    assert_eq!(created.creation_time, rest.creation_time);
    let listed = transport
        .list_snapshots(ListSnapshots::new("conf_snapshots"))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, created.name);

    let full = transport
        .create_full_snapshot(CreateFullSnapshot::new())
        .await
        .unwrap();
    assert!(full.name.starts_with("full-snapshot-"), "{}", full.name);
    let listed = transport.list_full_snapshots(()).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| &s.name).collect::<Vec<_>>(),
        [&full.name]
    );

    assert!(
        server
            .unused(&[
                "/qdrant.Snapshots/Create",
                "/qdrant.Snapshots/List",
                "/qdrant.Snapshots/CreateFull",
                "/qdrant.Snapshots/ListFull",
            ])
            .is_empty()
    );
}
