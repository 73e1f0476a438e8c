//! How a collection is spread over shards and peers: its cluster info, the operations that move,
//! replicate and drop shard replicas, and the shard keys of custom sharding. Also the health
//! check, which reports the server's version.
//!
//! What gRPC carries differently from REST:
//! - Starting and aborting a resharding have no gRPC message: converting them is an
//!   [`ErrorKind::InvalidArgument`](quadrant_transport::ErrorKind::InvalidArgument) error, and
//!   [`GrpcTransport`](crate::GrpcTransport) sends them over REST.
//! - A shard transfer's `method` and `comment` are not reported over gRPC; they read as `None`.
//! - A collection without resharding in progress reports no resharding list on REST and an
//!   empty one on gRPC; an empty list reads as `None`.
//! - The shard keys are a repeated field on gRPC, which cannot tell "no list" from an empty
//!   one: a collection without shard keys reads as `None`.

use quadrant_models::{
    AbortShardTransfer, ClusterOperations, CollectionClusterInfo, CollectionClusterInfoRequest,
    CreateShardingKey, DropShardingKey, ListShardKeys, LocalShardInfo, MoveShard, RemoteShardInfo,
    Replica, ReplicaState, ReplicatePoints, ReplicateShard, ReshardingDirection, ReshardingInfo,
    RestartTransfer, ShardKey, ShardKeyDescription, ShardKeysResponse, ShardTransferInfo,
    ShardTransferMethod, UpdateCollectionClusterSetup, VersionInfo,
};
use quadrant_transport::Result;

use crate::convert::{FromProto, IntoProto, enum_conversions, invalid, required};
use crate::proto::{self, update_collection_cluster_setup_request::Operation};

enum_conversions!(open "ReplicaState", ReplicaState, proto::ReplicaState {
    Active <=> Active,
    Dead <=> Dead,
    Partial <=> Partial,
    Initializing <=> Initializing,
    Listener <=> Listener,
    PartialSnapshot <=> PartialSnapshot,
    Recovery <=> Recovery,
    Resharding <=> Resharding,
    ReshardingScaleDown <=> ReshardingScaleDown,
    ActiveRead <=> ActiveRead,
    ManualRecovery <=> ManualRecovery,
});

enum_conversions!(open "ShardTransferMethod", ShardTransferMethod, proto::ShardTransferMethod {
    StreamRecords <=> StreamRecords,
    Snapshot <=> Snapshot,
    WalDelta <=> WalDelta,
    ReshardingStreamRecords <=> ReshardingStreamRecords,
});

enum_conversions!(open "ReshardingDirection", ReshardingDirection, proto::ReshardingDirection {
    Up <=> Up,
    Down <=> Down,
});

// ---------------------------------------------------------------------------------------------
// Health check

/// The health check takes no parameters.
impl IntoProto<proto::HealthCheckRequest> for () {
    fn into_proto(self) -> Result<proto::HealthCheckRequest> {
        Ok(proto::HealthCheckRequest {})
    }
}

impl FromProto<proto::HealthCheckReply> for VersionInfo {
    fn from_proto(message: proto::HealthCheckReply) -> Result<Self> {
        Ok(VersionInfo {
            title: message.title,
            version: message.version,
            commit: message.commit,
        })
    }
}

#[cfg(any(test, feature = "server-conversions"))]
impl IntoProto<proto::HealthCheckReply> for VersionInfo {
    fn into_proto(self) -> Result<proto::HealthCheckReply> {
        Ok(proto::HealthCheckReply {
            title: self.title,
            version: self.version,
            commit: self.commit,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Cluster info

impl IntoProto<proto::CollectionClusterInfoRequest> for CollectionClusterInfoRequest {
    fn into_proto(self) -> Result<proto::CollectionClusterInfoRequest> {
        Ok(proto::CollectionClusterInfoRequest {
            collection_name: self.collection_name,
        })
    }
}

impl FromProto<proto::CollectionClusterInfoResponse> for CollectionClusterInfo {
    fn from_proto(message: proto::CollectionClusterInfoResponse) -> Result<Self> {
        let resharding = Vec::from_proto(message.resharding_operations)?;
        Ok(CollectionClusterInfo {
            peer_id: message.peer_id,
            shard_count: message.shard_count,
            local_shards: Vec::from_proto(message.local_shards)?,
            remote_shards: Vec::from_proto(message.remote_shards)?,
            shard_transfers: Vec::from_proto(message.shard_transfers)?,
            resharding_operations: (!resharding.is_empty()).then_some(resharding),
        })
    }
}

impl FromProto<proto::LocalShardInfo> for LocalShardInfo {
    fn from_proto(message: proto::LocalShardInfo) -> Result<Self> {
        Ok(LocalShardInfo {
            shard_id: message.shard_id,
            shard_key: Option::from_proto(message.shard_key)?,
            points_count: message.points_count,
            state: ReplicaState::from_proto(message.state)?,
        })
    }
}

impl FromProto<proto::RemoteShardInfo> for RemoteShardInfo {
    fn from_proto(message: proto::RemoteShardInfo) -> Result<Self> {
        Ok(RemoteShardInfo {
            shard_id: message.shard_id,
            shard_key: Option::from_proto(message.shard_key)?,
            peer_id: message.peer_id,
            state: ReplicaState::from_proto(message.state)?,
        })
    }
}

impl FromProto<proto::ShardTransferInfo> for ShardTransferInfo {
    fn from_proto(message: proto::ShardTransferInfo) -> Result<Self> {
        Ok(ShardTransferInfo {
            shard_id: message.shard_id,
            to_shard_id: message.to_shard_id,
            from: message.from,
            to: message.to,
            sync: message.sync,
            method: None,
            comment: None,
        })
    }
}

impl FromProto<proto::ReshardingInfo> for ReshardingInfo {
    fn from_proto(message: proto::ReshardingInfo) -> Result<Self> {
        Ok(ReshardingInfo {
            direction: ReshardingDirection::from_proto(message.direction)?,
            shard_id: message.shard_id,
            peer_id: message.peer_id,
            shard_key: Option::from_proto(message.shard_key)?,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Cluster operations

impl IntoProto<proto::UpdateCollectionClusterSetupRequest> for UpdateCollectionClusterSetup {
    fn into_proto(self) -> Result<proto::UpdateCollectionClusterSetupRequest> {
        let operation = match self.operation {
            ClusterOperations::MoveShard(MoveShard {
                shard_id,
                to_peer_id,
                from_peer_id,
                method,
            }) => Operation::MoveShard(proto::MoveShard {
                shard_id,
                to_shard_id: None,
                from_peer_id,
                to_peer_id,
                method: method.into_proto()?,
            }),
            ClusterOperations::ReplicateShard(ReplicateShard {
                shard_id,
                to_peer_id,
                from_peer_id,
                method,
            }) => Operation::ReplicateShard(proto::ReplicateShard {
                shard_id,
                to_shard_id: None,
                from_peer_id,
                to_peer_id,
                method: method.into_proto()?,
            }),
            ClusterOperations::AbortTransfer(AbortShardTransfer {
                shard_id,
                to_peer_id,
                from_peer_id,
            }) => Operation::AbortTransfer(proto::AbortShardTransfer {
                shard_id,
                to_shard_id: None,
                from_peer_id,
                to_peer_id,
            }),
            ClusterOperations::DropReplica(Replica { shard_id, peer_id }) => {
                Operation::DropReplica(proto::Replica { shard_id, peer_id })
            }
            ClusterOperations::CreateShardingKey(request) => {
                Operation::CreateShardKey(create_shard_key(request)?)
            }
            ClusterOperations::DropShardingKey(request) => {
                Operation::DeleteShardKey(proto::DeleteShardKey {
                    shard_key: Some(request.shard_key.into_proto()?),
                })
            }
            ClusterOperations::RestartTransfer(RestartTransfer {
                shard_id,
                from_peer_id,
                to_peer_id,
                method,
            }) => Operation::RestartTransfer(proto::RestartTransfer {
                shard_id,
                to_shard_id: None,
                from_peer_id,
                to_peer_id,
                method: method.into_proto()?,
            }),
            ClusterOperations::ReplicatePoints(ReplicatePoints {
                filter,
                from_shard_key,
                to_shard_key,
            }) => Operation::ReplicatePoints(proto::ReplicatePoints {
                from_shard_key: Some(from_shard_key.into_proto()?),
                to_shard_key: Some(to_shard_key.into_proto()?),
                filter: filter.into_proto()?,
            }),
            other => {
                return Err(invalid(
                    "UpdateCollectionClusterSetup.operation",
                    format!("{other:?} has no gRPC equivalent; it is sent over REST"),
                ));
            }
        };
        Ok(proto::UpdateCollectionClusterSetupRequest {
            collection_name: self.collection_name,
            operation: Some(operation),
            timeout: self.timeout,
        })
    }
}

/// Whether gRPC has a message for the cluster operation; the others go over REST.
pub(crate) fn cluster_operation_has_grpc(operation: &ClusterOperations) -> bool {
    !matches!(
        operation,
        ClusterOperations::StartResharding(_) | ClusterOperations::AbortResharding(_)
    )
}

impl FromProto<proto::UpdateCollectionClusterSetupResponse> for bool {
    fn from_proto(message: proto::UpdateCollectionClusterSetupResponse) -> Result<Self> {
        Ok(message.result)
    }
}

// ---------------------------------------------------------------------------------------------
// Shard keys

/// The body of a shard key creation; the collection and timeout travel beside it.
fn create_shard_key(request: CreateShardingKey) -> Result<proto::CreateShardKey> {
    Ok(proto::CreateShardKey {
        shard_key: Some(request.shard_key.into_proto()?),
        shards_number: request.shards_number,
        replication_factor: request.replication_factor,
        placement: request.placement.unwrap_or_default(),
        initial_state: request.initial_state.into_proto()?,
    })
}

impl IntoProto<proto::CreateShardKeyRequest> for CreateShardingKey {
    fn into_proto(self) -> Result<proto::CreateShardKeyRequest> {
        Ok(proto::CreateShardKeyRequest {
            collection_name: self.collection_name.clone(),
            timeout: self.timeout,
            request: Some(create_shard_key(self)?),
        })
    }
}

impl IntoProto<proto::DeleteShardKeyRequest> for DropShardingKey {
    fn into_proto(self) -> Result<proto::DeleteShardKeyRequest> {
        Ok(proto::DeleteShardKeyRequest {
            collection_name: self.collection_name,
            request: Some(proto::DeleteShardKey {
                shard_key: Some(self.shard_key.into_proto()?),
            }),
            timeout: self.timeout,
        })
    }
}

impl FromProto<proto::CreateShardKeyResponse> for bool {
    fn from_proto(message: proto::CreateShardKeyResponse) -> Result<Self> {
        Ok(message.result)
    }
}

impl FromProto<proto::DeleteShardKeyResponse> for bool {
    fn from_proto(message: proto::DeleteShardKeyResponse) -> Result<Self> {
        Ok(message.result)
    }
}

impl IntoProto<proto::ListShardKeysRequest> for ListShardKeys {
    fn into_proto(self) -> Result<proto::ListShardKeysRequest> {
        Ok(proto::ListShardKeysRequest {
            collection_name: self.collection_name,
        })
    }
}

impl FromProto<proto::ListShardKeysResponse> for ShardKeysResponse {
    fn from_proto(message: proto::ListShardKeysResponse) -> Result<Self> {
        let keys = message
            .shard_keys
            .into_iter()
            .map(|description| {
                Ok(ShardKeyDescription {
                    key: ShardKey::from_proto(required(
                        description.key,
                        "ShardKeyDescription.key",
                    )?)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ShardKeysResponse {
            shard_keys: (!keys.is_empty()).then_some(keys),
        })
    }
}

#[cfg(test)]
mod tests {
    use quadrant_models::{AbortResharding, Condition, Filter, StartResharding};
    use quadrant_transport::ErrorKind;

    use super::*;
    use crate::proto::shard_key::Key;

    fn keyword(key: &str) -> Option<proto::ShardKey> {
        Some(proto::ShardKey {
            key: Some(Key::Keyword(key.into())),
        })
    }

    #[test]
    fn every_cluster_operation_gets_its_message() {
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
            CreateShardingKey::new("ignored", "eu")
                .shards_number(2)
                .placement(vec![1, 2])
                .initial_state(ReplicaState::Partial)
                .into(),
            DropShardingKey::new("ignored", 7).into(),
            RestartTransfer {
                shard_id: 0,
                from_peer_id: 1,
                to_peer_id: 2,
                method: ShardTransferMethod::Snapshot,
            }
            .into(),
            ReplicatePoints::new("eu", "us")
                .filter(Filter::must([Condition::is_empty("a")]))
                .into(),
        ];
        let mut seen = Vec::new();
        for operation in operations {
            assert!(cluster_operation_has_grpc(&operation));
            let message: proto::UpdateCollectionClusterSetupRequest =
                UpdateCollectionClusterSetup::new("c", operation)
                    .timeout(3)
                    .into_proto()
                    .unwrap();
            assert_eq!(message.collection_name, "c");
            assert_eq!(message.timeout, Some(3));
            let operation = message.operation.unwrap();
            match &operation {
                Operation::MoveShard(moved) => {
                    assert_eq!((moved.from_peer_id, moved.to_peer_id), (1, 2));
                    assert_eq!(
                        moved.method,
                        Some(proto::ShardTransferMethod::WalDelta as i32)
                    );
                }
                Operation::CreateShardKey(create) => {
                    assert_eq!(create.shard_key, keyword("eu"));
                    assert_eq!(create.placement, vec![1, 2]);
                    assert_eq!(
                        create.initial_state,
                        Some(proto::ReplicaState::Partial as i32)
                    );
                }
                Operation::RestartTransfer(restart) => {
                    assert_eq!(restart.method, proto::ShardTransferMethod::Snapshot as i32);
                }
                Operation::ReplicatePoints(points) => {
                    assert_eq!(points.to_shard_key, keyword("us"));
                    assert!(points.filter.is_some());
                }
                _ => {}
            }
            seen.push(std::mem::discriminant(&operation));
        }
        seen.dedup();
        assert_eq!(seen.len(), 8, "each operation has its own message");
    }

    #[test]
    fn resharding_has_no_grpc_message() {
        for operation in [
            ClusterOperations::from(StartResharding::new(ReshardingDirection::Up)),
            ClusterOperations::from(AbortResharding {}),
        ] {
            assert!(!cluster_operation_has_grpc(&operation));
            let error = IntoProto::<proto::UpdateCollectionClusterSetupRequest>::into_proto(
                UpdateCollectionClusterSetup::new("c", operation),
            )
            .unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidArgument);
        }
    }

    #[test]
    fn cluster_info_reads_every_part() {
        let info = CollectionClusterInfo::from_proto(proto::CollectionClusterInfoResponse {
            peer_id: 7,
            shard_count: 2,
            local_shards: vec![proto::LocalShardInfo {
                shard_id: 1,
                points_count: 5,
                state: proto::ReplicaState::Active as i32,
                shard_key: keyword("tenant_a"),
            }],
            remote_shards: vec![proto::RemoteShardInfo {
                shard_id: 2,
                peer_id: 8,
                state: proto::ReplicaState::Partial as i32,
                shard_key: None,
            }],
            shard_transfers: vec![proto::ShardTransferInfo {
                shard_id: 2,
                to_shard_id: None,
                from: 8,
                to: 7,
                sync: true,
            }],
            resharding_operations: vec![],
            time: 0.0,
        })
        .unwrap();
        assert_eq!(
            info.local_shards[0].shard_key,
            Some(ShardKey::Keyword("tenant_a".into()))
        );
        assert_eq!(info.remote_shards[0].state, ReplicaState::Partial);
        assert!(info.shard_transfers[0].sync);
        assert_eq!(info.resharding_operations, None);

        // A state a newer server added is kept by its number, not refused.
        let newer = LocalShardInfo::from_proto(proto::LocalShardInfo {
            state: 99,
            ..proto::LocalShardInfo::default()
        })
        .unwrap();
        assert_eq!(newer.state, ReplicaState::Unknown("99".into()));
    }

    #[test]
    fn shard_keys_read_back() {
        let listed = ShardKeysResponse::from_proto(proto::ListShardKeysResponse {
            shard_keys: vec![
                proto::ShardKeyDescription {
                    key: Some(proto::ShardKey {
                        key: Some(Key::Number(7)),
                    }),
                },
                proto::ShardKeyDescription {
                    key: keyword("tenant_a"),
                },
            ],
            time: 0.0,
        })
        .unwrap();
        assert_eq!(
            listed.shard_keys,
            Some(vec![
                ShardKeyDescription {
                    key: ShardKey::Number(7)
                },
                ShardKeyDescription {
                    key: ShardKey::Keyword("tenant_a".into())
                },
            ])
        );
        let error = ShardKeysResponse::from_proto(proto::ListShardKeysResponse {
            shard_keys: vec![proto::ShardKeyDescription { key: None }],
            time: 0.0,
        })
        .unwrap_err();
        assert!(
            error.message().contains("ShardKeyDescription.key"),
            "{error}"
        );
    }
}
