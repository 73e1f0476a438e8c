//! How a collection is spread over shards and peers: the collection's cluster info, the
//! operations that move, replicate and reshard its shards, and the shard keys of custom
//! sharding.

use serde::{Deserialize, Serialize};

use crate::common::ShardKey;
use crate::filter::Filter;

/// Reports how a collection is spread over shards and peers
/// (`GET /collections/{collection_name}/cluster`); answered by [`CollectionClusterInfo`]. It
/// has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CollectionClusterInfoRequest {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl CollectionClusterInfoRequest {
    /// A request about `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        CollectionClusterInfoRequest {
            collection_name: collection_name.into(),
        }
    }
}

from_collection_name!(CollectionClusterInfoRequest);

/// The answer to [`CollectionClusterInfoRequest`]: a collection's shards, as the answering
/// peer sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionClusterInfo {
    /// The id of the peer that answered.
    pub peer_id: u64,
    /// The number of shards.
    pub shard_count: u64,
    /// The shards on the answering peer.
    pub local_shards: Vec<LocalShardInfo>,
    /// The shards on other peers.
    pub remote_shards: Vec<RemoteShardInfo>,
    /// Shard transfers in progress.
    pub shard_transfers: Vec<ShardTransferInfo>,
    /// Resharding in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resharding_operations: Option<Vec<ReshardingInfo>>,
}

/// A shard replica on the answering peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalShardInfo {
    /// The shard's id.
    pub shard_id: u32,
    /// The shard key (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
    /// The number of points in the shard.
    pub points_count: u64,
    /// The replica's state.
    pub state: ReplicaState,
}

/// A shard replica on another peer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteShardInfo {
    /// The shard's id.
    pub shard_id: u32,
    /// The shard key (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
    /// The peer that holds the replica.
    pub peer_id: u64,
    /// The replica's state.
    pub state: ReplicaState,
}

/// A shard transfer in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTransferInfo {
    /// The shard being transferred.
    pub shard_id: u32,
    /// The target shard, when it differs from the source (resharding transfers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_shard_id: Option<u32>,
    /// The source peer.
    pub from: u64,
    /// The destination peer.
    pub to: u64,
    /// `true` when replicas are synchronised, `false` when the shard moves.
    pub sync: bool,
    /// How the shard is transferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ShardTransferMethod>,
    /// A human-readable report of the progress (on the source peer only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A resharding in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReshardingInfo {
    /// Whether a shard is added or removed.
    pub direction: ReshardingDirection,
    /// The shard added or removed.
    pub shard_id: u32,
    /// The peer of that shard.
    pub peer_id: u64,
    /// The shard key (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
}

open_enum! {
    /// The state of one shard replica.
    #[non_exhaustive]
    pub enum ReplicaState {
        /// Serves reads and writes.
        Active = "Active",
        /// Failed; neither reads nor writes.
        Dead = "Dead",
        /// Receiving data in a transfer.
        Partial = "Partial",
        /// Being created.
        Initializing = "Initializing",
        /// Receives writes but serves no reads (a listener node).
        Listener = "Listener",
        /// Receiving a snapshot in a transfer.
        PartialSnapshot = "PartialSnapshot",
        /// Being recovered.
        Recovery = "Recovery",
        /// Receiving points while the collection is resharded.
        Resharding = "Resharding",
        /// Giving up points while the collection is resharded down.
        ReshardingScaleDown = "ReshardingScaleDown",
        /// Serves reads, and writes only through a transfer.
        ActiveRead = "ActiveRead",
        /// Waiting for a manual recovery.
        ManualRecovery = "ManualRecovery",
    }
}

open_enum! {
    /// How a shard is transferred between peers.
    #[non_exhaustive]
    pub enum ShardTransferMethod {
        /// Stream the records in batches.
        StreamRecords = "stream_records",
        /// Send a snapshot and restore it.
        Snapshot = "snapshot",
        /// Send only the difference, from the write-ahead log.
        WalDelta = "wal_delta",
        /// Stream the records that move in a resharding.
        ReshardingStreamRecords = "resharding_stream_records",
    }
}

open_enum! {
    /// Whether resharding adds or removes a shard.
    pub enum ReshardingDirection {
        /// Add a shard.
        Up = "up",
        /// Remove a shard.
        Down = "down",
    }
}

// ---------------------------------------------------------------------------------------------
// Cluster operations

/// Changes how a collection is spread over shards and peers
/// (`POST /collections/{collection_name}/cluster`, body `ClusterOperations`); answered by
/// `true`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateCollectionClusterSetup {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The change.
    #[serde(flatten)]
    pub operation: ClusterOperations,
}

impl UpdateCollectionClusterSetup {
    /// A request to apply `operation` to `collection_name`.
    pub fn new(
        collection_name: impl Into<String>,
        operation: impl Into<ClusterOperations>,
    ) -> Self {
        UpdateCollectionClusterSetup {
            collection_name: collection_name.into(),
            timeout: None,
            operation: operation.into(),
        }
    }
}

option_setters!(UpdateCollectionClusterSetup {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// One change to a collection's shards, written `{"<operation>": <body>}`.
///
/// Creating and dropping a shard key hold the requests of `create_shard_key` and
/// `delete_shard_key`, whose bodies are the same; only those bodies are sent, and the
/// collection and timeout of [`UpdateCollectionClusterSetup`] apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClusterOperations {
    /// Moves a shard replica to another peer.
    MoveShard(MoveShard),
    /// Copies a shard replica to another peer.
    ReplicateShard(ReplicateShard),
    /// Aborts a shard transfer.
    AbortTransfer(AbortShardTransfer),
    /// Removes a shard replica from a peer.
    DropReplica(Replica),
    /// Creates the shards of a new shard key.
    CreateShardingKey(CreateShardingKey),
    /// Removes the shards of a shard key, with their points.
    DropShardingKey(DropShardingKey),
    /// Restarts a shard transfer with another method.
    RestartTransfer(RestartTransfer),
    /// Starts adding or removing a shard.
    StartResharding(StartResharding),
    /// Aborts the resharding in progress.
    AbortResharding(AbortResharding),
    /// Copies points from one shard key's shards to another's.
    ReplicatePoints(ReplicatePoints),
}

/// Writes `From<$body> for ClusterOperations`.
macro_rules! cluster_operation_from {
    ($($body:ident => $variant:ident),* $(,)?) => {
        $(
            impl From<$body> for ClusterOperations {
                fn from(body: $body) -> Self {
                    ClusterOperations::$variant(body)
                }
            }
        )*
    };
}

cluster_operation_from! {
    MoveShard => MoveShard,
    ReplicateShard => ReplicateShard,
    AbortShardTransfer => AbortTransfer,
    Replica => DropReplica,
    CreateShardingKey => CreateShardingKey,
    DropShardingKey => DropShardingKey,
    RestartTransfer => RestartTransfer,
    StartResharding => StartResharding,
    AbortResharding => AbortResharding,
    ReplicatePoints => ReplicatePoints,
}

/// Moves a shard replica from one peer to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveShard {
    /// The shard.
    pub shard_id: u32,
    /// The destination peer.
    pub to_peer_id: u64,
    /// The source peer.
    pub from_peer_id: u64,
    /// How to transfer it; the server picks when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ShardTransferMethod>,
}

impl MoveShard {
    /// Moves shard `shard_id` from `from_peer_id` to `to_peer_id`.
    pub fn new(shard_id: u32, from_peer_id: u64, to_peer_id: u64) -> Self {
        MoveShard {
            shard_id,
            to_peer_id,
            from_peer_id,
            method: None,
        }
    }
}

option_setters!(MoveShard {
    /// Sets how to transfer the shard.
    method: ShardTransferMethod,
});

/// Copies a shard replica from one peer to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicateShard {
    /// The shard.
    pub shard_id: u32,
    /// The destination peer.
    pub to_peer_id: u64,
    /// The source peer.
    pub from_peer_id: u64,
    /// How to transfer it; the server picks when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ShardTransferMethod>,
}

impl ReplicateShard {
    /// Copies shard `shard_id` from `from_peer_id` to `to_peer_id`.
    pub fn new(shard_id: u32, from_peer_id: u64, to_peer_id: u64) -> Self {
        ReplicateShard {
            shard_id,
            to_peer_id,
            from_peer_id,
            method: None,
        }
    }
}

option_setters!(ReplicateShard {
    /// Sets how to transfer the shard.
    method: ShardTransferMethod,
});

/// Aborts the transfer of a shard between two peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbortShardTransfer {
    /// The shard.
    pub shard_id: u32,
    /// The destination peer.
    pub to_peer_id: u64,
    /// The source peer.
    pub from_peer_id: u64,
}

/// A shard replica on a peer (the body of `drop_replica`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    /// The shard.
    pub shard_id: u32,
    /// The peer.
    pub peer_id: u64,
}

/// Restarts a shard transfer with another method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartTransfer {
    /// The shard.
    pub shard_id: u32,
    /// The source peer.
    pub from_peer_id: u64,
    /// The destination peer.
    pub to_peer_id: u64,
    /// The method to use from now on.
    pub method: ShardTransferMethod,
}

/// Starts adding (up) or removing (down) a shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartResharding {
    /// Whether a shard is added or removed.
    pub direction: ReshardingDirection,
    /// The peer for the new shard; the server picks when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_id: Option<u64>,
    /// The shard key to reshard (custom sharding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_key: Option<ShardKey>,
}

impl StartResharding {
    /// Starts resharding in `direction`.
    pub fn new(direction: ReshardingDirection) -> Self {
        StartResharding {
            direction,
            peer_id: None,
            shard_key: None,
        }
    }
}

option_setters!(StartResharding {
    /// Places the new shard on this peer.
    peer_id: u64,
    /// Reshards this shard key.
    shard_key: into ShardKey,
});

/// Aborts the resharding in progress; the body is an empty object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AbortResharding {}

/// Copies points from the shards of one shard key to those of another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicatePoints {
    /// Only points that match are copied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// The source shard key.
    pub from_shard_key: ShardKey,
    /// The target shard key.
    pub to_shard_key: ShardKey,
}

impl ReplicatePoints {
    /// Copies the points of `from_shard_key` to `to_shard_key`.
    pub fn new(from_shard_key: impl Into<ShardKey>, to_shard_key: impl Into<ShardKey>) -> Self {
        ReplicatePoints {
            filter: None,
            from_shard_key: from_shard_key.into(),
            to_shard_key: to_shard_key.into(),
        }
    }
}

option_setters!(ReplicatePoints {
    /// Copies only points that match.
    filter: into Filter,
});

// ---------------------------------------------------------------------------------------------
// Shard keys

/// Creates the shards of a new shard key in a collection with custom sharding
/// (`PUT /collections/{collection_name}/shards`, body `CreateShardingKey`); answered by
/// `true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateShardingKey {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The new shard key.
    pub shard_key: ShardKey,
    /// How many shards to create for it; the collection's `shard_number` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards_number: Option<u32>,
    /// How many replicas of each shard; the collection's `replication_factor` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_factor: Option<u32>,
    /// The peers that may hold the shards; any peer when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Vec<u64>>,
    /// The state the new replicas start in; leave it unset unless you know why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_state: Option<ReplicaState>,
}

impl CreateShardingKey {
    /// A request to create the shard key `shard_key` in `collection_name`.
    pub fn new(collection_name: impl Into<String>, shard_key: impl Into<ShardKey>) -> Self {
        CreateShardingKey {
            collection_name: collection_name.into(),
            timeout: None,
            shard_key: shard_key.into(),
            shards_number: None,
            replication_factor: None,
            placement: None,
            initial_state: None,
        }
    }
}

option_setters!(CreateShardingKey {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
    /// Sets how many shards to create.
    shards_number: u32,
    /// Sets how many replicas of each shard.
    replication_factor: u32,
    /// Sets the peers that may hold the shards.
    placement: Vec<u64>,
    /// Sets the state the new replicas start in.
    initial_state: ReplicaState,
});

/// The former name of [`CreateShardingKey`], which is Qdrant's own name for this body.
#[deprecated(note = "renamed to `CreateShardingKey`, Qdrant's name for it")]
pub type CreateShardKeyRequest = CreateShardingKey;

/// Removes the shards of a shard key, with their points
/// (`POST /collections/{collection_name}/shards/delete`, body `DropShardingKey`); answered by
/// `true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DropShardingKey {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
    /// How long the server may wait for the change to apply, in seconds (query).
    #[serde(skip)]
    pub timeout: Option<u64>,
    /// The shard key to remove.
    pub shard_key: ShardKey,
}

impl DropShardingKey {
    /// A request to remove the shard key `shard_key` from `collection_name`.
    pub fn new(collection_name: impl Into<String>, shard_key: impl Into<ShardKey>) -> Self {
        DropShardingKey {
            collection_name: collection_name.into(),
            timeout: None,
            shard_key: shard_key.into(),
        }
    }
}

option_setters!(DropShardingKey {
    /// Sets the server-side timeout in seconds.
    timeout: u64,
});

/// The former name of [`DropShardingKey`], which is Qdrant's own name for this body.
#[deprecated(note = "renamed to `DropShardingKey`, Qdrant's name for it")]
pub type DeleteShardKeyRequest = DropShardingKey;

/// Lists the shard keys of a collection (`GET /collections/{collection_name}/shards`);
/// answered by [`ShardKeysResponse`]. It has no body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListShardKeys {
    /// The collection (path).
    #[serde(skip)]
    pub collection_name: String,
}

impl ListShardKeys {
    /// A request for the shard keys of `collection_name`.
    pub fn new(collection_name: impl Into<String>) -> Self {
        ListShardKeys {
            collection_name: collection_name.into(),
        }
    }
}

from_collection_name!(ListShardKeys);

/// The answer to [`ListShardKeys`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShardKeysResponse {
    /// The shard keys; only collections with custom sharding have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_keys: Option<Vec<ShardKeyDescription>>,
}

/// One shard key of a collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardKeyDescription {
    /// The key.
    pub key: ShardKey,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Condition;
    use serde_json::json;

    #[test]
    fn every_cluster_operation_round_trips() {
        let operations: Vec<ClusterOperations> = vec![
            MoveShard::new(0, 1, 2)
                .method(ShardTransferMethod::WalDelta)
                .into(),
            ReplicateShard::new(0, 1, 2).into(),
            AbortShardTransfer {
                shard_id: 0,
                to_peer_id: 2,
                from_peer_id: 1,
            }
            .into(),
            Replica {
                shard_id: 0,
                peer_id: 2,
            }
            .into(),
            CreateShardingKey::new("c", "eu")
                .shards_number(2)
                .placement(vec![1, 2])
                .into(),
            DropShardingKey::new("c", 7).into(),
            RestartTransfer {
                shard_id: 0,
                from_peer_id: 1,
                to_peer_id: 2,
                method: ShardTransferMethod::Snapshot,
            }
            .into(),
            StartResharding::new(ReshardingDirection::Up)
                .shard_key("eu")
                .into(),
            AbortResharding {}.into(),
            ReplicatePoints::new("eu", "us")
                .filter(Filter::must([Condition::is_empty("a")]))
                .into(),
        ];
        let expected = [
            json!({"move_shard": {"shard_id": 0, "to_peer_id": 2, "from_peer_id": 1, "method": "wal_delta"}}),
            json!({"replicate_shard": {"shard_id": 0, "to_peer_id": 2, "from_peer_id": 1}}),
            json!({"abort_transfer": {"shard_id": 0, "to_peer_id": 2, "from_peer_id": 1}}),
            json!({"drop_replica": {"shard_id": 0, "peer_id": 2}}),
            json!({"create_sharding_key": {"shard_key": "eu", "shards_number": 2, "placement": [1, 2]}}),
            json!({"drop_sharding_key": {"shard_key": 7}}),
            json!({"restart_transfer": {"shard_id": 0, "from_peer_id": 1, "to_peer_id": 2, "method": "snapshot"}}),
            json!({"start_resharding": {"direction": "up", "shard_key": "eu"}}),
            json!({"abort_resharding": {}}),
            json!({"replicate_points": {"filter": {"must": [{"is_empty": {"key": "a"}}]},
                                        "from_shard_key": "eu", "to_shard_key": "us"}}),
        ];
        for (operation, expected) in operations.into_iter().zip(expected) {
            let request = UpdateCollectionClusterSetup::new("c", operation).timeout(3);
            let body = crate::to_json(&request).unwrap();
            assert_eq!(body, expected);
            let back: UpdateCollectionClusterSetup = serde_json::from_value(body).unwrap();
            assert_eq!(crate::to_json(&back).unwrap(), expected);
        }
    }

    #[test]
    fn collection_cluster_info() {
        let info = json!({"peer_id": 7, "shard_count": 2,
            "local_shards": [{"shard_id": 1, "shard_key": "tenant_a", "points_count": 5, "state": "Active"}],
            "remote_shards": [{"shard_id": 2, "peer_id": 8, "state": "Partial"}],
            "shard_transfers": [{"shard_id": 2, "from": 8, "to": 7, "sync": false, "method": "stream_records"}]});
        let decoded: CollectionClusterInfo = serde_json::from_value(info.clone()).unwrap();
        assert_eq!(decoded.remote_shards[0].state, ReplicaState::Partial);
        assert_eq!(crate::to_json(&decoded).unwrap(), info);
    }

    #[test]
    #[allow(deprecated)]
    fn the_former_names_still_build_the_same_requests() {
        let created: CreateShardKeyRequest = CreateShardKeyRequest::new("c", "eu");
        assert_eq!(created, CreateShardingKey::new("c", "eu"));
        let dropped: DeleteShardKeyRequest = DeleteShardKeyRequest::new("c", 7);
        assert_eq!(dropped, DropShardingKey::new("c", 7));
        let changed = crate::ChangeAliases::new([]).timeout(5);
        assert_eq!(changed, crate::ChangeAliasesOperation::new([]).timeout(5));
    }
}
